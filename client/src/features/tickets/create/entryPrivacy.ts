type TAssistText = { title?: string; description?: string; address?: string; phone?: string };

/**
 * What the panels beside the form (duplicates, suggestions, knowledge base) may send to the
 * server while the agent types. A confidential entry (a 12388 report, or any ticket the agent
 * marked 保密) sends nothing: the words stay in the form until the ticket is registered, where
 * only its readers see them. The check happens on every render, so the first keystroke after
 * the line or the box changes is already withheld.
 */
export function assistDraft<T extends TAssistText>(draft: T, confidential: boolean): T {
  if (!confidential) return draft;
  return { ...draft, title: undefined, description: undefined, address: undefined, phone: undefined };
}
