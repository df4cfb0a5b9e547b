import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { OFFICE, type OfficeSettings } from '@soudan/platform';
import { AccessTokens, officeOfNumber, SeekerSignIn, StaffDirectory } from '@soudan/identity-infra';
import { ApiErrors } from './api-errors';
import { clientIp } from './client-ip';
import {
  SeekerLinkRequestDto,
  SeekerSessionDto,
  SeekerSessionRequestDto,
  StaffPasswordChangeDto,
  StaffSessionDto,
  StaffSessionRequestDto,
} from './auth.dto';
import { Public } from './roles';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(SeekerSignIn) private readonly seekers: SeekerSignIn,
    @Inject(StaffDirectory) private readonly staff: StaffDirectory,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
    @Inject(OFFICE) private readonly office: OfficeSettings,
  ) {}

  @Post('seeker/link')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'E-mail a one-time sign-in link',
    description:
      'Always 202, in the same time, whether or not the number and address are on the roster: nobody can learn who is registered. If they match, a link valid once for 15 minutes is e-mailed.',
  })
  @ApiAcceptedResponse({ description: 'Taken; a link is e-mailed if the number and address match the roster' })
  @ApiErrors('VALIDATION_FAILED', 'SERVICE_BUSY')
  async requestLink(@Body() body: SeekerLinkRequestDto, @Req() request: Request): Promise<void> {
    await this.seekers.requestLink({ jobSeekerNumber: body.jobSeekerNumber, email: body.email }, clientIp(request));
  }

  @Post('seeker/session')
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Exchange a sign-in link token for an access token (once, within 15 minutes)' })
  @ApiCreatedResponse({ type: SeekerSessionDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_TOKEN', 'TOKEN_EXPIRED')
  async seekerSession(@Body() body: SeekerSessionRequestDto, @Req() request: Request): Promise<SeekerSessionDto> {
    const principal = await this.seekers.exchange(body.token, clientIp(request));
    (request as Request & { principal?: unknown }).principal = principal;
    return {
      accessToken: await this.tokens.issue(principal),
      officeCode: officeOfNumber(principal.jobSeekerNumber, this.office.code),
    };
  }

  @Post('staff/session')
  @Public()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Staff sign-in with username and password',
    description: 'After 100 failed attempts in an hour the account answers 429 with Retry-After.',
  })
  @ApiCreatedResponse({ type: StaffSessionDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'PASSWORD_CHANGE_REQUIRED', 'SERVICE_BUSY')
  async staffSession(@Body() body: StaffSessionRequestDto, @Req() request: Request): Promise<StaffSessionDto> {
    const principal = await this.staff.signIn(body.username, body.password, clientIp(request));
    (request as Request & { principal?: unknown }).principal = principal;
    return {
      accessToken: await this.tokens.issue(principal),
      roles: principal.roles,
      offices: principal.offices ?? [this.office.code],
    };
  }

  @Post('staff/password')
  @Public()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Choose a new staff password, and sign in with it',
    description:
      'With the current password, or with the one-time password of a reset (the only way in after one). Failures count like failed sign-ins; the account’s other tokens end.',
  })
  @ApiCreatedResponse({ type: StaffSessionDto })
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'WEAK_PASSWORD', 'SERVICE_BUSY')
  async staffPassword(@Body() body: StaffPasswordChangeDto, @Req() request: Request): Promise<StaffSessionDto> {
    const principal = await this.staff.changePassword(
      body.username,
      body.password,
      body.newPassword,
      clientIp(request),
    );
    (request as Request & { principal?: unknown }).principal = principal;
    return {
      accessToken: await this.tokens.issue(principal),
      roles: principal.roles,
      offices: principal.offices ?? [this.office.code],
    };
  }
}
