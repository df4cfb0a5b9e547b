// Staff accounts (admin): add, list, change roles, disable and re-enable, reset the
// password, assign offices. Every change but re-enabling ends the account's tokens at once
// (identity-infra's staff-users.ts). R72: an administrator of offices sees and manages those offices'
// accounts only; a national administrator ('*') every account, and only they assign offices.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from './api-errors';
import {
  CreateStaffUserDto,
  StaffOfficesDto,
  StaffPasswordResetDto,
  StaffRolesDto,
  StaffUserDto,
  StaffUserListDto,
} from './auth.dto';
import { actorOf, CurrentPrincipal, Roles, type Principal, type StaffPrincipal } from './roles';
import { StaffDirectory } from '@soudan/identity-infra';

/** The acting member (only staff reach these routes). */
const staffOf = (principal: Principal | undefined): StaffPrincipal | undefined =>
  principal?.kind === 'staff' ? principal : undefined;

@ApiTags('staff')
@Controller('staff/users')
export class StaffUsersController {
  constructor(@Inject(StaffDirectory) private readonly staff: StaffDirectory) {}

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a staff user (admin)' })
  @ApiCreatedResponse({ type: StaffUserDto })
  @ApiErrors('VALIDATION_FAILED', 'WEAK_PASSWORD', 'STAFF_USER_EXISTS', 'OFFICE_FORBIDDEN', 'SERVICE_BUSY')
  create(@Body() body: CreateStaffUserDto, @CurrentPrincipal() principal: Principal): Promise<StaffUserDto> {
    return this.staff.create(body, actorOf(principal), staffOf(principal));
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: "Every staff account, by name (admin; R72: an office's administrator sees its accounts)" })
  @ApiOkResponse({ type: StaffUserListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<StaffUserListDto> {
    return { users: await this.staff.list(staffOf(principal)) };
  }

  @Get(':username')
  @Roles('admin')
  @ApiOperation({ summary: 'One staff account (admin)' })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiErrors('STAFF_USER_NOT_FOUND')
  get(@Param('username') username: string, @CurrentPrincipal() principal: Principal): Promise<StaffUserDto> {
    return this.staff.get(username, staffOf(principal));
  }

  @Put(':username/roles')
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace the roles of an account (admin)',
    description: "The account's tokens end at once; the last enabled administrator keeps the admin role.",
  })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiErrors('VALIDATION_FAILED', 'STAFF_USER_NOT_FOUND', 'LAST_ADMIN', 'REVISION_CONFLICT')
  setRoles(
    @Param('username') username: string,
    @Body() body: StaffRolesDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StaffUserDto> {
    return this.staff.setRoles(username, body.roles, actorOf(principal), staffOf(principal));
  }

  @Put(':username/offices')
  @Roles('admin')
  @ApiOperation({
    summary: 'R72: replace the offices an account works for (national administrator)',
    description:
      "Five-digit office codes, or ['*'] for every office. The account's tokens end at once; the last enabled national administrator keeps '*'.",
  })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiErrors('VALIDATION_FAILED', 'STAFF_USER_NOT_FOUND', 'OFFICE_FORBIDDEN', 'LAST_ADMIN', 'REVISION_CONFLICT')
  setOffices(
    @Param('username') username: string,
    @Body() body: StaffOfficesDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StaffUserDto> {
    return this.staff.setOffices(username, body.offices, actorOf(principal), staffOf(principal));
  }

  @Post(':username/disable')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disable an account (admin)',
    description: 'It can no longer sign in and its tokens end at once. Disabling a disabled account changes nothing.',
  })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiErrors('STAFF_USER_NOT_FOUND', 'LAST_ADMIN', 'REVISION_CONFLICT')
  disable(@Param('username') username: string, @CurrentPrincipal() principal: Principal): Promise<StaffUserDto> {
    return this.staff.disable(username, actorOf(principal), staffOf(principal));
  }

  @Post(':username/enable')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-enable a disabled account (admin)' })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiErrors('STAFF_USER_NOT_FOUND', 'REVISION_CONFLICT')
  enable(@Param('username') username: string, @CurrentPrincipal() principal: Principal): Promise<StaffUserDto> {
    return this.staff.enable(username, actorOf(principal), staffOf(principal));
  }

  @Post(':username/password-reset')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Reset the password of an account (admin)',
    description:
      'Answers a one-time password, shown only here. The old password and every token of the account stop working at once; the user signs in by choosing a new password with the one-time one (POST /auth/staff/password).',
  })
  @ApiCreatedResponse({ type: StaffPasswordResetDto })
  @ApiErrors('STAFF_USER_NOT_FOUND', 'REVISION_CONFLICT')
  resetPassword(
    @Param('username') username: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StaffPasswordResetDto> {
    return this.staff.resetPassword(username, actorOf(principal), staffOf(principal));
  }
}
