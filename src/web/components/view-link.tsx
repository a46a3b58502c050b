/**
 * A real link to one of the page's views (`?pair=…`, `?id=…`, `/`): a plain click changes the
 * view in place, while a middle click or Ctrl/⌘-click still opens it in a new tab.
 */
import type { MouseEvent, ReactNode } from "react";
import { searchForView, type View } from "../view";

interface ViewLinkProps {
  to: View;
  onNavigate: (view: View) => void;
  className?: string;
  title?: string;
  children: ReactNode;
}

export function ViewLink({ to, onNavigate, className, title, children }: ViewLinkProps) {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onNavigate(to);
  };
  return (
    <a href={searchForView(to) || "/"} onClick={click} className={className} title={title}>
      {children}
    </a>
  );
}
