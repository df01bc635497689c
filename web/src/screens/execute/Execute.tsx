// Placeholder: filled in by its own change.
export default function Execute(_props: Record<string, unknown>) {
  return <p>Execute</p>;
}
