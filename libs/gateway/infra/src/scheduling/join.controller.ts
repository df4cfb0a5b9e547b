// R15: the meeting link in the e-mails (`/join/{token}`, outside /api/v1). Opening it
// (GET) records nothing: mail scanners and link previews fetch links too, and a join
// recorded by a scanner would hide a no-show (R18). The page says where the session
// stands, and inside the window it has the 参加する button, a form that POSTs to the same
// address: that records the join with device data (R50) and sends the seeker on to the
// meeting room (303). R52: the device data is kept as the access record keeps it: keyed
// pseudonyms to show, the raw values sealed for a disclosure, with the key of the seeker
// the link belongs to (R54, joinDeviceData).
import { Controller, Get, Headers, Inject, Ip, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { requestTyped, RpcError, type RpcClient } from '@soudan/messaging';
import {
  currentCorrelationId,
  OFFICE,
  RPC_CLIENT,
  RUNTIME,
  type OfficeSettings,
  type ServiceRuntime,
} from '@soudan/platform';
import { SchedulingApi, type JoinAnswer } from '@soudan/scheduling-contracts';
import { Public } from '../auth/roles';
import { deviceDataSealerFor } from '../device-data/device-data-sealer';
import { joinDeviceData } from '../device-data/join-device';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const jst = (iso: string) => DateTime.fromISO(iso).setZone('Asia/Tokyo').toFormat('yyyy年M月d日 HH:mm');

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

function page(title: string, message: string, office: OfficeSettings, action = ''): string {
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${action}<p>${escapeHtml(office.name)} TEL ${escapeHtml(office.phone)}</p></main></body></html>`;
}

/** The 参加する button: a POST to the link itself (same origin, no script needed). */
function joinForm(token: string): string {
  return `<form method="post" action="/join/${escapeHtml(token)}"><button type="submit" style="font-size:1.25rem;padding:0.75rem 2rem">参加する</button></form>`;
}

@ApiExcludeController()
@Controller('join')
export class JoinController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OFFICE) private readonly office: OfficeSettings,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
  ) {}

  /** A look at the link: where the session stands, and the 参加する button once it opens. Records no join. */
  @Get(':token')
  @Public()
  async look(@Param('token') token: string, @Res() response: Response): Promise<void> {
    await this.answer(token, response, async () =>
      requestTyped(this.rpc, SchedulingApi.join, { token, peek: true }, { correlationId: currentCorrelationId() }),
    );
  }

  /** 参加する: records the join with its device data and sends the seeker to the room. */
  @Post(':token')
  @Public()
  async join(
    @Param('token') token: string,
    @Headers('user-agent') userAgent: string | undefined,
    @Ip() ip: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.answer(token, response, async () => {
      const device = await joinDeviceData(this.rpc, deviceDataSealerFor(this.runtime), token, ip, userAgent);
      return requestTyped(this.rpc, SchedulingApi.join, { token, device }, { correlationId: currentCorrelationId() });
    });
  }

  private async answer(token: string, response: Response, ask: () => Promise<JoinAnswer>): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    const notFound = () =>
      response
        .status(404)
        .type('html')
        .send(
          page('リンクが見つかりません', 'このリンクは無効です。メールに記載のリンクをご確認ください。', this.office),
        );
    if (!TOKEN.test(token)) return void notFound();
    let answer: JoinAnswer;
    try {
      answer = await ask();
    } catch (error) {
      if (error instanceof RpcError && error.code === 'JOIN_LINK_NOT_FOUND') return void notFound();
      throw error;
    }
    if (answer.outcome === 'joined') return void response.redirect(303, answer.roomUrl);
    if (answer.outcome === 'open') {
      response
        .status(200)
        .type('html')
        .send(
          page(
            'オンライン職業相談に参加する',
            `${jst(answer.slot)} 開始の相談です。「参加する」を押すと相談室に移動します。`,
            this.office,
            joinForm(token),
          ),
        );
      return;
    }
    if (answer.outcome === 'not_open') {
      response
        .status(200)
        .type('html')
        .send(
          page(
            'まだ入室できません',
            `入室は ${jst(answer.opensAt)} から可能です（開始15分前）。開始5分前までのログインをお願いします。`,
            this.office,
          ),
        );
      return;
    }
    if (answer.cancelled) {
      response
        .status(410)
        .type('html')
        .send(
          page(
            'この予約はキャンセルされています',
            `この相談（${jst(answer.slot)} 開始）の予約はキャンセルされています。`,
            this.office,
          ),
        );
      return;
    }
    response
      .status(410)
      .type('html')
      .send(page('相談時間は終了しました', `この相談（${jst(answer.slot)} 開始）の時間は終了しました。`, this.office));
  }
}
