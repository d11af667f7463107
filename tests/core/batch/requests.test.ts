// Reading, validating and completing batch payloads (http-api.md §4), without a server.
import { describe, expect, test } from 'bun:test';
import {
  attachBatchFiles,
  readBatchRequests,
  validateBatchRequests,
} from '../../../src/core/batch/requests.ts';
import { BadRequestError } from '../../../src/core/errors.ts';

describe('readBatchRequests', () => {
  test('defaults for missing parts', () => {
    expect(readBatchRequests({ requests: [{ method: 'POST', url: '/a' }] })).toEqual([
      { method: 'POST', url: '/a', headers: {}, body: {} },
    ]);
    expect(readBatchRequests({})).toEqual([]);
    expect(readBatchRequests({ requests: null })).toEqual([]);
  });

  const bad: [string, unknown][] = [
    ['requests object', { method: 'POST' }],
    ['requests string', 'x'],
    ['item null', [null]],
    ['item array', [[]]],
    ['method number', [{ method: 1 }]],
    ['url object', [{ url: {} }]],
    ['body array', [{ body: [] }]],
    ['headers array', [{ headers: ['a'] }]],
    ['header value number', [{ headers: { a: 1 } }]],
  ];
  for (const [name, requests] of bad) {
    test(`wrong type: ${name}`, () => {
      expect(() => readBatchRequests({ requests })).toThrow(
        new BadRequestError('Failed to read the submitted batch data.'),
      );
    });
  }
});

describe('validateBatchRequests', () => {
  const req = (method: string, url: string) => ({ method, url, headers: {}, body: {} });
  const dataOf = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      return (err as BadRequestError).data;
    }
    return null;
  };

  test('valid', () => {
    expect(dataOf(() => validateBatchRequests([req('DELETE', '/x')], 1))).toBeNull();
  });

  test('count is checked before the items', () => {
    const data = dataOf(() => validateBatchRequests([req('x', ''), req('x', '')], 1));
    expect(data).toEqual({
      requests: {
        code: 'validation_length_too_long',
        message: 'The length must be no more than 1.',
        params: { max: 1, min: 0 },
      },
    });
  });

  test('url length counts characters, not bytes', () => {
    expect(dataOf(() => validateBatchRequests([req('GET', 'é'.repeat(2000))], 1))).toBeNull();
    expect(dataOf(() => validateBatchRequests([req('GET', 'é'.repeat(2001))], 1))).toMatchObject({
      requests: { '0': { url: { code: 'validation_length_too_long' } } },
    });
  });

  test('methods are case-sensitive', () => {
    expect(dataOf(() => validateBatchRequests([req('patch', '/x')], 1))).toMatchObject({
      requests: { '0': { method: { code: 'validation_in_invalid' } } },
    });
  });
});

describe('attachBatchFiles', () => {
  test('both key forms, modifiers kept, non-files and unknown indexes ignored', () => {
    const requests = readBatchRequests({
      requests: [
        { method: 'POST', url: '/a', body: { title: 't' } },
        { method: 'POST', url: '/b' },
      ],
    });
    const f1 = new File(['1'], 'one.txt');
    const f2 = new File(['2'], 'two.txt');
    const f3 = new File(['3'], 'three.txt');
    attachBatchFiles(requests, {
      'requests.0.docs+': [f1, f2],
      'requests[1].avatar': f3,
      'requests.1.note': 'plain text',
      'requests.7.avatar': f3,
      other: f3,
    });
    expect(requests[0]!.body).toEqual({ title: 't', 'docs+': [f1, f2] });
    expect(requests[1]!.body).toEqual({ avatar: [f3] });
  });
});
