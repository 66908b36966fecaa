import { describe, expect, it } from 'vitest';
import { parseHandler } from '../../../local/lambda/worker/handler-loader.ts';

describe('parseHandler', () => {
  it('splits a plain handler into module and export', () => {
    expect(parseHandler('index.handler')).toEqual({
      moduleRoot: '',
      moduleName: 'index',
      exportPath: ['handler'],
    });
  });

  it('keeps the folder and a dotted export path', () => {
    expect(parseHandler('src/api/app.routes.orders')).toEqual({
      moduleRoot: 'src/api',
      moduleName: 'app',
      exportPath: ['routes', 'orders'],
    });
  });

  it('throws Runtime.MalformedHandlerName without a dot', () => {
    expect(() => parseHandler('index')).toThrow(
      expect.objectContaining({ name: 'Runtime.MalformedHandlerName' }),
    );
  });
});
