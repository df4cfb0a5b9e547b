// R15: the meeting link in the e-mails (`/join/{token}`, outside /api/v1). It records the
// join with device data (R50) and sends the seeker on to the meeting room; outside the
// window it shows a page saying when it opens or that it has ended. R52: the device data
// is kept as the access record keeps it: keyed pseudonyms to show, the raw values sealed
// for a disclosure, with the key of the seeker the link belongs to (R54, joinDeviceData).
import { Controller, Get, Headers, Inject, Ip, Param, Res } from '@nestjs/common';
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

function page(title: string, message: string, office: OfficeSettings): string {
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p>${escapeHtml(office.name)} TEL ${escapeHtml(office.phone)}</p></main></body></html>`;
}

@ApiExcludeController()
@Controller('join')
export class JoinController {
  constructor(
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(OFFICE) private readonly office: OfficeSettings,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
  ) {}

  @Get(':token')
  @Public()
  async join(
    @Param('token') token: string,
    @Headers('user-agent') userAgent: string | undefined,
    @Ip() ip: string,
    @Res() response: Response,
  ): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) {
      response
        .status(404)
        .type('html')
        .send(
          page('リンクが見つかりません', 'このリンクは無効です。メールに記載のリンクをご確認ください。', this.office),
        );
      return;
    }
    let answer: JoinAnswer;
    try {
      const device = await joinDeviceData(this.rpc, deviceDataSealerFor(this.runtime), token, ip, userAgent);
      answer = await requestTyped(
        this.rpc,
        SchedulingApi.join,
        { token, device },
        { correlationId: currentCorrelationId() },
      );
    } catch (error) {
      if (error instanceof RpcError && error.code === 'JOIN_LINK_NOT_FOUND') {
        response
          .status(404)
          .type('html')
          .send(
            page('リンクが見つかりません', 'このリンクは無効です。メールに記載のリンクをご確認ください。', this.office),
          );
        return;
      }
      throw error;
    }
    if (answer.outcome === 'joined') {
      response.redirect(302, answer.roomUrl);
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
