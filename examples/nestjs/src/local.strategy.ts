import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { UsersService } from './users';
import type { DemoUser } from './users';

/** The first factor: a password, through passport-local. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly users: UsersService) {
    super();
  }

  validate(username: string, password: string): DemoUser | false {
    return this.users.withPassword(username, password) ?? false;
  }
}
