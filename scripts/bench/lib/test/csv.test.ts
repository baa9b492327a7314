import { parseCsv, parseCsvRecords } from '../csv';

describe('parseCsv', () => {
  test('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\nlines"\n')).toEqual([['a', 'b,c', 'say "hi"', 'two\nlines']]);
  });

  test('accepts CRLF rows, a byte-order mark, empty fields and a last row without a line break', () => {
    expect(parseCsv('\ufeffid,body\r\n1,\r\n2,x')).toEqual([
      ['id', 'body'],
      ['1', ''],
      ['2', 'x'],
    ]);
  });

  test('refuses a file that ends inside quotes', () => {
    expect(() => parseCsv('a,"unfinished')).toThrow('quoted');
  });
});

describe('parseCsvRecords', () => {
  test('keys rows by the header and refuses rows of the wrong width', () => {
    expect(parseCsvRecords('id,title\n1,停水\n')).toEqual([{ id: '1', title: '停水' }]);
    expect(() => parseCsvRecords('id,title\n1\n')).toThrow('row 1 has 1 fields');
  });
});
