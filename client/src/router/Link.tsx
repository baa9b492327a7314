import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from './router';

type TLinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An ordinary link that keeps middle-click / Ctrl+click opening a new tab. */
export function Link({ to, onClick, ...rest }: TLinkProps) {
  const handleClick = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handleClick} {...rest} />;
}
