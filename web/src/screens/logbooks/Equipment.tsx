// Placeholder: replaced by the screen itself.
export default function Equipment({ rest }: { rest: string }) {
  return <h1 data-args={String([rest])}>Equipment</h1>;
}
