import { describe, expect, it } from 'vitest';

import { trimTraceback } from './traceback';

describe('trimTraceback', () => {
  it("drops Pyodide's frames and keeps the cell's", () => {
    const raw = [
      'Traceback (most recent call last):',
      '  File "/lib/python3.14/site-packages/_pyodide/_base.py", line 597, in eval_code_async',
      '    await CodeRunner(',
      '    ...<9 lines>...',
      '  File "<exec>", line 14, in run',
      '  File "<cell 2>", line 3, in <module>',
      '    f()',
      '    ~^^',
      '  File "<cell 1>", line 2, in f',
      '    return 1 / 0',
      '           ~~^~~',
      'ZeroDivisionError: division by zero',
      '',
    ].join('\n');
    expect(trimTraceback(raw)).toBe(
      [
        'Traceback (most recent call last):',
        '  File "<cell 2>", line 3, in <module>',
        '    f()',
        '    ~^^',
        '  File "<cell 1>", line 2, in f',
        '    return 1 / 0',
        '           ~~^~~',
        'ZeroDivisionError: division by zero',
      ].join('\n'),
    );
  });

  it('keeps a syntax error and its caret, without an empty header', () => {
    const raw = [
      'Traceback (most recent call last):',
      '  File "/lib/python3.14/site-packages/_pyodide/_base.py", line 591, in eval_code_async',
      '    self._compile(',
      '  File "<cell 1>", line 1',
      '    print(',
      '         ^',
      "SyntaxError: '(' was never closed",
    ].join('\n');
    expect(trimTraceback(raw)).toBe(
      ['Traceback (most recent call last):', '  File "<cell 1>", line 1', '    print(', '         ^', "SyntaxError: '(' was never closed"].join(
        '\n',
      ),
    );
  });

  it('drops a header whose frames were all internal (KeyboardInterrupt in a library)', () => {
    const raw = [
      'Traceback (most recent call last):',
      '  File "/lib/python3.14/site-packages/_pyodide/_base.py", line 597, in eval_code_async',
      '    await CodeRunner(',
      'KeyboardInterrupt',
    ].join('\n');
    expect(trimTraceback(raw)).toBe('KeyboardInterrupt');
  });

  it('keeps chained exceptions', () => {
    const raw = [
      'Traceback (most recent call last):',
      '  File "<cell 1>", line 2, in <module>',
      '    {}["k"]',
      "KeyError: 'k'",
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/lib/python3.14/site-packages/_pyodide/_base.py", line 597, in eval_code_async',
      '  File "<cell 1>", line 4, in <module>',
      '    raise ValueError("no")',
      'ValueError: no',
    ].join('\n');
    expect(trimTraceback(raw)).toBe(
      [
        'Traceback (most recent call last):',
        '  File "<cell 1>", line 2, in <module>',
        '    {}["k"]',
        "KeyError: 'k'",
        '',
        'During handling of the above exception, another exception occurred:',
        '',
        'Traceback (most recent call last):',
        '  File "<cell 1>", line 4, in <module>',
        '    raise ValueError("no")',
        'ValueError: no',
      ].join('\n'),
    );
  });
});
