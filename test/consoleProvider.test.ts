import { ConsoleProvider, InvalidOptionError } from '../lib';

describe('ConsoleProvider', () => {
  const originalEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = originalEnv;
    jest.restoreAllMocks();
  });

  it('prints the message to stderr for development', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const provider = new ConsoleProvider();
    expect(provider.name).toBe('console');
    await provider.send({ to: '+15555550100', body: 'Your code is 123456.', channel: 'sms' as const, locale: 'en' });
    expect(stderr).toHaveBeenCalledWith('[passport-sms-otp] SMS to +15555550100:\nYour code is 123456.\n');
  });

  it('refuses to run in production', () => {
    process.env.NODE_ENV = 'production';
    expect(() => new ConsoleProvider()).toThrow(InvalidOptionError);
    expect(() => new ConsoleProvider()).toThrow(/ConsoleProvider prints codes to the logs/);
  });

  it('runs in production when allowInProduction is true', async () => {
    process.env.NODE_ENV = 'production';
    const lines: string[] = [];
    const provider = new ConsoleProvider({ allowInProduction: true, write: (text) => lines.push(text) });
    await provider.send({ to: '+15555550100', body: 'hello', channel: 'sms' as const, locale: 'en' });
    expect(lines).toEqual(['[passport-sms-otp] SMS to +15555550100:\nhello\n']);
  });
});
