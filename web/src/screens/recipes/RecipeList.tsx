// Placeholder: replaced by the screen itself.
export default function RecipeList() {
  return <h1>RecipeList</h1>;
}
