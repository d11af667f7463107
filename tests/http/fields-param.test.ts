// The ?fields= picker: paths, `*`, arrays of objects, list envelopes, :excerpt and invalid expressions.
import { describe, expect, test } from 'bun:test';
import {
  excerpt,
  FieldsParamError,
  pickedResponse,
  pickFields,
} from '../../src/http/fields-param.ts';

const record = {
  id: 'r1',
  title: 'Hello',
  body: '<p>Hello <b>big</b> world</p><p>again</p>',
  views: 3,
  expand: {
    author: { id: 'u1', name: 'Ann', email: 'a@b.c' },
    tags: [
      { id: 't1', name: 'news', color: 'red' },
      { id: 't2', name: 'tech', color: 'blue' },
    ],
  },
};

describe('pickFields', () => {
  test.each([
    ['', record],
    ['id', { id: 'r1' }],
    ['id, title', { id: 'r1', title: 'Hello' }],
    ['missing', {}],
    ['expand.author.name', { expand: { author: { name: 'Ann' } } }],
    ['expand.tags.name', { expand: { tags: [{ name: 'news' }, { name: 'tech' }] } }],
    ['expand.author', { expand: { author: record.expand.author } }],
    ['expand.author,expand.author.name', { expand: { author: record.expand.author } }],
    [
      '*,expand.author.name',
      {
        id: 'r1',
        title: 'Hello',
        body: record.body,
        views: 3,
        expand: { author: { name: 'Ann' } },
      },
    ],
    ['expand.author.*', { expand: { author: record.expand.author } }],
    ['id,body:excerpt(9)', { id: 'r1', body: 'Hello big' }],
    ['body:excerpt(9,true)', { body: 'Hello big...' }],
    ['body:excerpt(100, true)', { body: 'Hello big world again' }],
    // Go's cast.ToString first: a number is excerpted as text.
    ['views:excerpt(1)', { views: '3' }],
    // Not a Go boolean: no ellipsis (cast.ToBool), not an error.
    ['body:excerpt(5,maybe)', { body: 'Hello' }],
  ])('%p', (fields, expected) => {
    expect(pickFields(record, fields)).toEqual(expected);
  });

  test('does not mutate its input', () => {
    const copy = structuredClone(record);
    pickFields(record, 'id');
    expect(record).toEqual(copy);
  });

  test('list envelopes keep their counters and pick each item', () => {
    const list = { page: 1, perPage: 30, totalItems: 2, totalPages: 1, items: [record, record] };
    expect(pickFields(list, 'id', true)).toEqual({
      page: 1,
      perPage: 30,
      totalItems: 2,
      totalPages: 1,
      items: [{ id: 'r1' }, { id: 'r1' }],
    });
  });

  test('a record with fields named page, perPage and items is not a list', () => {
    const odd = { page: 1, perPage: 2, items: [{ a: 1, title: 'inner' }], title: 'outer' };
    expect(pickFields(odd, 'title')).toEqual({ title: 'outer' });
  });

  test('the cut is trimmed again before the ellipsis', () => {
    expect(pickFields({ t: 'hello world' }, 't:excerpt(6,true)')).toEqual({ t: 'hello...' });
    expect(pickFields({ t: 'hello world' }, 't:excerpt(6)')).toEqual({ t: 'hello' });
  });

  test.each([
    'body:unknown(1)',
    'body:excerpt()',
    'body:excerpt(0)',
    'body:excerpt(-1)',
    'body:excerpt(1,2,3)',
    'body:excerpt(x)',
  ])('invalid %p throws and answers 2xx with an empty body', async (fields) => {
    expect(() => pickFields(record, fields)).toThrow(FieldsParamError);
    const res = pickedResponse(record, fields);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('excerpt', () => {
  test.each([
    ['plain text', 10, false, 'plain text'],
    ['  many   spaces\n\there ', 100, false, 'many spaces here'],
    ['<p>a</p><p>b</p>', 100, false, 'a b'],
    ['<span>a</span><span>b</span>', 100, false, 'ab'],
    ['x<script>alert(1)</script>y', 100, false, 'xy'],
    ['<style>p{}</style>text', 100, false, 'text'],
    ['a<img src="x.png">b', 100, false, 'ab'],
    ['<div>a<br>b</div>', 100, false, 'ab'],
    ['<!-- note -->visible', 100, false, 'visible'],
    ['&lt;tag&gt; &amp; &#233;', 100, false, '<tag> & é'],
    ['<form><input value="x">in form</form>after', 100, false, 'after'],
    ['ünïcödé text', 5, true, 'ünïcö...'],
    ['exactly', 7, true, 'exactly'],
  ])('%p max=%p', (html, max, ellipsis, expected) => {
    expect(excerpt(html, max, ellipsis)).toBe(expected);
  });
});
