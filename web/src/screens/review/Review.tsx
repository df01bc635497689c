// Placeholder: filled in by its own change.
export default function Review(_props: Record<string, unknown>) {
  return <p>Review</p>;
}
