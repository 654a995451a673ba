import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { UsersService } from './users';
import type { DemoUser } from './users';

/** What the session keeps of a user: the id, looked up again on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(user: DemoUser, done: (err: unknown, id?: string) => void): void {
    done(null, user.id);
  }

  deserializeUser(id: string, done: (err: unknown, user?: DemoUser | false) => void): void {
    done(null, this.users.byId(id) ?? false);
  }
}
