// The changes between two versions of a recipe, grouped by where they are (header, formula, unit
// procedure → operation), each marked added / removed / moved / changed in words and colour, with
// the values before and after.
import { CHANGE_MARK, groupDiff, summaryText } from './model';
import type { RecipeDiff } from './types';

type Doc = Record<string, unknown> | null | undefined;

export function DiffView({ diff, fromDoc, toDoc }: { diff: RecipeDiff; fromDoc?: Doc; toDoc?: Doc }) {
  const view = groupDiff(diff, fromDoc, toDoc);
  return (
    <div class="rc-diff" data-testid="recipe-diff">
      <p class="rc-diff-summary" role="status" data-testid="diff-summary">
        <strong>
          Version {diff.from} → version {diff.to}: {summaryText(view.summary)}
        </strong>
      </p>
      {view.total === 0 ? <p>The two versions have the same content.</p> : null}
      {view.groups.map((g) => (
        <section key={g.id} class="rc-diff-group" aria-label={g.title} data-testid="diff-group">
          <h3>{g.title}</h3>
          <ul class="rc-diff-list">
            {g.entries.map((e, i) => (
              <li key={`${e.element}:${e.key}:${e.kind}:${i}`} class={`rc-change rc-${e.kind}`} data-testid="diff-change" data-kind={e.kind}>
                <div class="rc-change-head">
                  <span class={`rc-mark rc-mark-${e.kind}`}>{CHANGE_MARK[e.kind]}</span>
                  <span class="rc-change-title">{e.title}</span>
                  {e.detail ? <span class="muted small">{e.detail}</span> : null}
                </div>
                {e.fields.length > 0 ? (
                  <table class="rc-fields" aria-label={`Fields of ${e.title} that changed`}>
                    <thead>
                      <tr>
                        <th scope="col">Field</th>
                        <th scope="col">Before</th>
                        <th scope="col">After</th>
                      </tr>
                    </thead>
                    <tbody>
                      {e.fields.map((f) => (
                        <tr key={f.field}>
                          <th scope="row" class="mono">
                            {f.field}
                          </th>
                          <td class="rc-before">
                            <del>{f.before}</del>
                          </td>
                          <td class="rc-after">
                            <ins>{f.after}</ins>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
