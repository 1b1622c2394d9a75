// A small table inside a card that scrolls on its own, its header kept in view.
import type { ReactNode } from 'react';
import { cx } from './cx';

export function ScrollTable({
  heads,
  testId,
  maxHeight,
  children,
}: {
  heads: string[];
  testId: string;
  maxHeight: 'md' | 'lg';
  children: ReactNode;
}) {
  return (
    <div className={cx('overflow-auto', maxHeight === 'md' ? 'max-h-[28rem]' : 'max-h-[32rem]')}>
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="sticky top-0 bg-white text-xs uppercase text-zinc-500 dark:bg-zinc-900">
          <tr>
            {heads.map((h, i) => (
              <th key={h} className={cx('py-1', i < heads.length - 1 && 'pr-3')}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
