import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { MAX_PASSWORD_LENGTH, USERNAME } from '@soudan/identity-domain';
import { STAFF_ROLES, type StaffRole } from './roles';

/** A value that ends up in a mail header must stay one line (no CR, LF or other controls). */
const ONE_LINE = /^\P{Cc}*$/u;
export { USERNAME };
/** R72: an office code, or '*' for every office. */
const OFFICE_OR_ALL = /^(\d{5}|\*)$/;
/** About as many offices as the country has: one account never needs more. */
const MAX_STAFF_OFFICES = 600;

export class SeekerLinkRequestDto {
  @ApiProperty({ example: '16070-12345678', description: 'Job seeker number (求職番号) NNNNN-NNNNNNNN' })
  @IsString()
  @Matches(/^\d{5}-\d{8}$/, { message: 'jobSeekerNumber must look like 16070-12345678' })
  jobSeekerNumber!: string;

  @ApiProperty({ example: 'taro@example.jp', description: 'The e-mail address registered with Hello Work' })
  @IsString()
  @MaxLength(254)
  @Matches(ONE_LINE, { message: 'email must be a single line' })
  @IsEmail()
  email!: string;
}

export class SeekerSessionRequestDto {
  @ApiProperty({ description: 'The token from the sign-in link (one use, 15 minutes)', example: 'q1Zx…' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  token!: string;
}

export class SeekerSessionDto {
  @ApiProperty({ description: 'Bearer token for the seeker routes (30 minutes)' }) accessToken!: string;
  @ApiProperty({
    example: '16070',
    description:
      "R71: the seeker's office (the first five digits of their job seeker number): pass it as `office` to /availability, /terms/current and /office?code=",
  })
  officeCode!: string;
}

export class StaffSessionRequestDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ format: 'password', maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @IsNotEmpty()
  // Refused here, before anything is hashed.
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}

export class StaffSessionDto {
  @ApiProperty({ description: 'Bearer token for the staff routes (30 minutes)' }) accessToken!: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true, example: ['admin', 'supervisor'] }) roles!: StaffRole[];
  @ApiProperty({
    type: [String],
    example: ['16070'],
    description: "R72: the offices the member works for ('*': every office)",
  })
  offices!: string[];
}

export class CreateStaffUserDto {
  @ApiProperty({ example: 'tanaka', pattern: USERNAME.source })
  @IsString()
  @Matches(USERNAME, { message: 'username must be 3-32 characters: a-z first, then a-z, 0-9, . _ -' })
  username!: string;

  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: MAX_PASSWORD_LENGTH,
    description: 'At least 12 characters, hard to guess',
  })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true, example: ['counsellor'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(STAFF_ROLES.length)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true })
  roles!: StaffRole[];

  @ApiProperty({
    type: [String],
    required: false,
    example: ['16070'],
    description:
      "R72: the offices the account works for: five-digit codes, or ['*'] for every office (a national role, given only by a national administrator). Default: the creating administrator's only office, else the configured office.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STAFF_OFFICES)
  @ArrayUnique()
  @Matches(OFFICE_OR_ALL, { each: true, message: 'each office must be a five-digit code, or *' })
  offices?: string[];
}

export class StaffUserDto {
  @ApiProperty({ example: 'tanaka' }) username!: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true, example: ['counsellor'] }) roles!: StaffRole[];
  @ApiProperty({ type: [String], example: ['16070'], description: "R72: the offices it works for ('*': every office)" })
  offices!: string[];
  @ApiProperty({ description: 'A disabled account cannot sign in; its tokens ended when it was disabled' })
  disabled!: boolean;
  @ApiProperty({ description: 'After a password reset, until the user has chosen a new password' })
  mustChangePassword!: boolean;
  @ApiProperty({ required: false, format: 'date-time' }) createdAt?: string;
}

export class StaffUserListDto {
  @ApiProperty({ type: [StaffUserDto] }) users!: StaffUserDto[];
}

export class StaffRolesDto {
  @ApiProperty({ enum: STAFF_ROLES, isArray: true, example: ['counsellor', 'supervisor'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(STAFF_ROLES.length)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true })
  roles!: StaffRole[];
}

export class StaffOfficesDto {
  @ApiProperty({ type: [String], example: ['16070', '16010'], description: "Five-digit office codes, or ['*']" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STAFF_OFFICES)
  @ArrayUnique()
  @Matches(OFFICE_OR_ALL, { each: true, message: 'each office must be a five-digit code, or *' })
  offices!: string[];
}

export class StaffPasswordResetDto {
  @ApiProperty({ example: 'tanaka' }) username!: string;
  @ApiProperty({
    example: 'Hk4m-Qz7R-aP3x-Wn8e',
    description: 'Shown once: hand it to the user, who must choose a new password with it (POST /auth/staff/password)',
  })
  temporaryPassword!: string;
}

export class StaffPasswordChangeDto {
  @ApiProperty({ example: 'tanaka' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ format: 'password', description: 'The current password, or the one-time password of a reset' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiProperty({ format: 'password', minLength: 12, maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  newPassword!: string;
}
