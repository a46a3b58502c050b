/** What the page shows before a comparison: what envdiff does, in three steps. */
export function Intro() {
  return (
    <section className="intro" aria-labelledby="intro-title">
      <h2 id="intro-title" className="visually-hidden">
        How it works
      </h2>
      <ol className="intro-steps">
        <li>
          <strong>Probe.</strong> Both URLs are requested the same way; status, headers, redirects, timing and body are
          recorded.
        </li>
        <li>
          <strong>Diff.</strong> What differs on every response (dates, request ids) is ignored; the rest is compared
          field by field and rated by severity.
        </li>
        <li>
          <strong>Explain.</strong> A summary in plain words, with each difference marked new, recurring or flapping
          against the pair's history.
        </li>
      </ol>
    </section>
  );
}
