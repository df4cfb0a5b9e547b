import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from './api-errors';
import { CreateStaffUserDto, StaffUserDto } from './auth.dto';
import { actorOf, CurrentPrincipal, Roles, type Principal } from './roles';
import { StaffDirectory } from './staff-users';

@ApiTags('staff')
@Controller('staff/users')
export class StaffUsersController {
  constructor(@Inject(StaffDirectory) private readonly staff: StaffDirectory) {}

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a staff user (admin)' })
  @ApiCreatedResponse({ type: StaffUserDto })
  @ApiErrors('VALIDATION_FAILED', 'WEAK_PASSWORD', 'STAFF_USER_EXISTS', 'SERVICE_BUSY')
  create(@Body() body: CreateStaffUserDto, @CurrentPrincipal() principal: Principal): Promise<StaffUserDto> {
    return this.staff.create(body, actorOf(principal));
  }
}
