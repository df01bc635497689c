// Placeholder: replaced by the screen itself.
export default function Logbooks({ rest }: { rest: string }) {
  return <h1 data-args={String([rest])}>Logbooks</h1>;
}
