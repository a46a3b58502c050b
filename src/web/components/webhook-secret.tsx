/**
 * A new webhook's signing secret, shown the one time the API returns it, with a copy button and
 * a plain warning that it cannot be shown again (the API never returns it on a GET).
 */
import { useState } from "react";

export function WebhookSecret({ secret, onHide }: { secret: string; onHide: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      // No clipboard permission (an insecure origin, a locked-down browser): the field stays selectable.
      setCopied("failed");
    }
  };

  return (
    <section className="secret" aria-labelledby="secret-title">
      <p id="secret-title" className="secret-title">
        Copy the webhook secret now; it will not be shown again.
      </p>
      <label htmlFor="webhookSecret" className="visually-hidden">
        Webhook secret
      </label>
      <div className="secret-row">
        <input
          id="webhookSecret"
          readOnly
          value={secret}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="secondary" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="muted small" aria-live="polite">
        {copied === "failed"
          ? "The browser would not copy it: select the secret and copy it by hand."
          : "Each delivery is signed as Standard Webhooks sign them: webhook-signature: v1,<base64 HMAC-SHA256 of webhook-id.webhook-timestamp.body, keyed by this secret>."}
      </p>
      <button type="button" className="link" onClick={onHide}>
        I have copied it; hide the secret
      </button>
    </section>
  );
}
