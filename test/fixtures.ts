/** Reads a rule fixture's expectations: `# expect: <messageId>[, <messageId>]` and `# expect-unresolved` markers, or a sibling `.expect` file. */
import { existsSync, readFileSync } from 'node:fs';

export interface Expectations {
  findings: string[];
  unresolved: number[];
}

const EXPECT = /#\s*expect:\s*([\w, -]+?)\s*$/;
const EXPECT_UNRESOLVED = /#\s*expect-unresolved\s*$/;

export function readExpectations(file: string): Expectations {
  const findings: string[] = [];
  const unresolved: number[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((text, index) => {
      const line = index + 1;
      const match = EXPECT.exec(text);
      if (match) for (const id of match[1]!.split(',')) findings.push(`${line} ${id.trim()}`);
      if (EXPECT_UNRESOLVED.test(text)) unresolved.push(line);
    });
  // JSON has no comments, and heredoc bodies cannot hold them: `<line> <messageId|unresolved>` per line beside the fixture.
  const sibling = `${file}.expect`;
  if (existsSync(sibling)) {
    for (const text of readFileSync(sibling, 'utf8').split(/\r?\n/)) {
      const match = /^\s*(\d+)\s+([\w-]+)\s*$/.exec(text);
      if (!match) continue;
      if (match[2] === 'unresolved') unresolved.push(Number(match[1]));
      else findings.push(`${match[1]} ${match[2]}`);
    }
  }
  return { findings: findings.sort(), unresolved: unresolved.sort((a, b) => a - b) };
}
