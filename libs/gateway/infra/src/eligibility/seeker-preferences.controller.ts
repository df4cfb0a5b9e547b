// R63: the signed-in seeker's language (web app and e-mails). Translation only:
// eligibility keeps it with their sealed contact.
import { Body, Controller, Get, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  EligibilityApi,
  SEEKER_LANGUAGES,
  type SeekerLanguage,
  type SeekerPreferences,
} from '@soudan/eligibility-contracts';
import { type RpcClient, requestTyped } from '@soudan/messaging';
import { currentCorrelationId, RPC_CLIENT } from '@soudan/platform';
import { IsIn } from 'class-validator';
import { ApiErrors } from '../auth/api-errors';
import { CurrentPrincipal, Roles, type Principal } from '../auth/roles';
import { seekerOf } from '../scheduling/seeker-reservations.controller';

export class SeekerPreferencesDto {
  @ApiProperty({
    enum: [...SEEKER_LANGUAGES],
    description: 'ja: Japanese (default), ja-easy: easy Japanese (やさしい日本語), en: English',
  })
  @IsIn([...SEEKER_LANGUAGES])
  language!: SeekerLanguage;
}

@ApiTags('seeker')
@ApiBearerAuth()
@Controller('seeker/preferences')
export class SeekerPreferencesController {
  constructor(@Inject(RPC_CLIENT) private readonly rpc: RpcClient) {}

  @Get()
  @Roles('seeker')
  @ApiOkResponse({ type: SeekerPreferencesDto, description: 'The language of the web app and of the e-mails' })
  get(@CurrentPrincipal() principal: Principal | undefined): Promise<SeekerPreferences> {
    const { seekerId } = seekerOf(principal);
    return requestTyped(
      this.rpc,
      EligibilityApi.getPreferences,
      { seekerId },
      { correlationId: currentCorrelationId() },
    );
  }

  @Put()
  @Roles('seeker')
  @HttpCode(200)
  @ApiOkResponse({ type: SeekerPreferencesDto, description: 'Kept; the next e-mail comes in this language' })
  @ApiErrors('VALIDATION_FAILED')
  async put(
    @Body() body: SeekerPreferencesDto,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<SeekerPreferences> {
    const { seekerId } = seekerOf(principal);
    const result = await requestTyped(
      this.rpc,
      EligibilityApi.setLanguage,
      { seekerId, language: body.language },
      { correlationId: currentCorrelationId() },
    );
    return { language: result.language };
  }
}
