import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './configureApp';

async function bootstrap(): Promise<void> {
  const app = configureApp(await NestFactory.create<NestExpressApplication>(AppModule));
  const port = Number(process.env.PORT ?? 3001);
  await app.listen(port, '127.0.0.1');
  process.stdout.write(`NestJS example on http://localhost:${port}/login (alice / wonderland)\n`);
}

void bootstrap();
