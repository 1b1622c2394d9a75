'use client';
// A list of short names typed on one line ("eth0, eth1"), with suggestions for the name being
// typed. Keeps what you typed (a trailing comma) while the value is the parsed list.
import { forwardRef, useState, type InputHTMLAttributes } from 'react';
import { TextInput } from './field';

export const splitList = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'list'> & {
  id: string;
  value: string[];
  onChange: (v: string[]) => void;
  suggestions?: readonly string[];
  invalid?: boolean;
};

export const ListInput = forwardRef<HTMLInputElement, Props>(function ListInput({ id, value, onChange, suggestions = [], ...rest }, ref) {
  const [text, setText] = useState(value.join(', '));
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (!sameList(splitList(text), value)) setText(value.join(', '));
  }
  const cut = text.search(/[^\s,]*$/);
  const prefix = text.slice(0, cut);
  return (
    <>
      <TextInput
        {...rest}
        ref={ref}
        id={id}
        list={`${id}-options`}
        value={text}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          const next = splitList(e.target.value);
          setSeen(next);
          onChange(next);
        }}
      />
      <datalist id={`${id}-options`}>
        {suggestions.map((s) => (
          <option key={s} value={prefix + s} />
        ))}
      </datalist>
    </>
  );
});
