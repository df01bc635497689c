// Placeholder: filled in by its own change.
export default function Batches(_props: Record<string, unknown>) {
  return <p>Batches</p>;
}
