// The recipe document (gemba.recipe/1, docs/recipe-format.md) as the builder edits it. The builder
// keeps the document in its wire form, so what is saved is exactly what is shown; optional fields
// at their default are left out (see `setField`).

export interface Quantity {
  value: number;
  unit: string;
}
export interface Range {
  low?: number;
  high?: number;
}

export interface Header {
  batch_size: Quantity;
  batch_size_range?: Range;
  theoretical_yield: Quantity;
  yield_limits?: Range;
}

export interface FormulaLine {
  key: string;
  material_code: string;
  name: string;
  quantity: Quantity;
  tolerance: { minus: number; plus: number; unit: string };
  scaling: 'scalable' | 'fixed';
}

export const STEP_TYPES = [
  'instruction',
  'numeric_entry',
  'text_entry',
  'choice_entry',
  'boolean_entry',
  'datetime_entry',
  'calculation',
  'dispense',
  'charge',
  'equipment_use',
  'process_parameter',
  'hold_time',
  'sampling',
  'sign_off',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export type Witness = 'none' | 'always' | 'first';
export type Capture = 'value_now' | 'min' | 'max' | 'mean';
export const CAPTURES: Capture[] = ['value_now', 'min', 'max', 'mean'];
export const SIGN_OFF_MEANINGS = ['performed', 'verified', 'reviewed', 'approved', 'responsible'] as const;

// Every field any step type has; which ones apply is STEP_INFO[type].
export interface Step {
  key: string;
  name: string;
  type: StepType;
  text?: string;
  // numeric entries, calculations, process parameters
  unit?: string;
  decimals?: number;
  target?: number;
  limits?: Range;
  alarm?: Range;
  // text_entry
  max_length?: number;
  pattern?: string;
  // choice_entry / boolean_entry
  options?: string[];
  expected?: string | boolean;
  // datetime_entry
  date_only?: boolean;
  // calculation
  expression?: string;
  // dispense, charge
  formula_line?: string;
  // equipment_use
  equipment_class?: string;
  // process_parameter
  equipment_step?: string;
  tag?: string;
  capture?: Capture;
  window?: string;
  // hold_time
  from_step?: string;
  to_step?: string;
  min?: string;
  max?: string;
  // sampling
  sample_label?: string;
  tests?: string[];
  quantity?: Quantity;
  // sign_off
  meaning?: string;
  // options of any step
  witness?: Witness;
  condition?: string;
  repeat?: { every?: string; times?: number };
  allow_override?: boolean;
}

export interface Operation {
  key: string;
  name: string;
  steps: Step[];
}

export interface UnitProcedure {
  key: string;
  name: string;
  parallel?: boolean;
  equipment_classes?: string[];
  operations: Operation[];
}

export interface RecipeDocument {
  format: 'gemba.recipe/1';
  product_code: string;
  product_name: string;
  site: string;
  description?: string;
  header: Header;
  formula: FormulaLine[];
  unit_procedures: UnitProcedure[];
}

export interface StepInfo {
  label: string; // as a person reads it
  icon: string; // a short tag shown beside the word, never alone
  numeric: boolean; // has the numeric fields (unit, decimals, target, limits, alarm)
  value: boolean; // gives a numeric value to expressions
  repeats: boolean; // may carry `repeat`
  hardLimits: boolean; // may carry `allow_override`
}

export const STEP_INFO: Record<StepType, StepInfo> = {
  instruction: { label: 'Instruction', icon: 'INS', numeric: false, value: false, repeats: true, hardLimits: false },
  numeric_entry: { label: 'Number entry', icon: 'NUM', numeric: true, value: true, repeats: true, hardLimits: true },
  text_entry: { label: 'Text entry', icon: 'TXT', numeric: false, value: false, repeats: true, hardLimits: false },
  choice_entry: { label: 'Choice', icon: 'CHO', numeric: false, value: false, repeats: true, hardLimits: false },
  boolean_entry: { label: 'Yes / no', icon: 'Y/N', numeric: false, value: true, repeats: true, hardLimits: false },
  datetime_entry: { label: 'Date and time', icon: 'DAT', numeric: false, value: false, repeats: true, hardLimits: false },
  calculation: { label: 'Calculation', icon: 'CAL', numeric: true, value: true, repeats: true, hardLimits: true },
  dispense: { label: 'Dispense', icon: 'DSP', numeric: false, value: true, repeats: false, hardLimits: true },
  charge: { label: 'Charge', icon: 'CHG', numeric: false, value: true, repeats: false, hardLimits: true },
  equipment_use: { label: 'Equipment use', icon: 'EQP', numeric: false, value: false, repeats: false, hardLimits: false },
  process_parameter: { label: 'Process parameter', icon: 'PRM', numeric: true, value: true, repeats: true, hardLimits: true },
  hold_time: { label: 'Hold time', icon: 'HLD', numeric: false, value: false, repeats: false, hardLimits: false },
  sampling: { label: 'Sampling', icon: 'SMP', numeric: false, value: false, repeats: true, hardLimits: false },
  sign_off: { label: 'Sign-off', icon: 'SIG', numeric: false, value: false, repeats: false, hardLimits: false },
};

// The unit table of docs/recipe-format.md, by dimension.
export const UNITS: { dimension: string; units: string[] }[] = [
  { dimension: 'mass', units: ['kg', 'g', 'mg'] },
  { dimension: 'volume', units: ['L', 'mL'] },
  { dimension: 'temperature', units: ['K', '°C'] },
  { dimension: 'pressure', units: ['kPa', 'bar', 'mbar', 'Pa'] },
  { dimension: 'rotational speed', units: ['rpm'] },
  { dimension: 'ratio', units: ['%'] },
  { dimension: 'time', units: ['s', 'min', 'h'] },
  { dimension: 'length', units: ['mm', 'µm'] },
  { dimension: 'force', units: ['N', 'kN'] },
  { dimension: 'power', units: ['kW', 'W'] },
  { dimension: 'mass flow', units: ['kg/h', 'g/min'] },
  { dimension: 'volume flow', units: ['L/min', 'm³/h'] },
  { dimension: 'count', units: ['pcs'] },
  { dimension: 'number concentration', units: ['/m³'] },
];
export const MATERIAL_UNITS = ['kg', 'g', 'mg', 'L', 'mL', 'pcs'];

export const KEY_PATTERN = /^[a-z][a-z0-9_]*$/;
export const RESERVED_VARIABLES = ['batch_size', 'theoretical_yield'];
export const FUNCTIONS = ['abs', 'sqrt', 'exp', 'ln', 'log10', 'floor', 'ceil', 'round', 'min', 'max', 'sum', 'avg'];

// Why a key cannot be used, or null.
export function keyProblem(key: string, kind: 'step' | 'other' = 'other'): string | null {
  if (!key) return 'A key is required.';
  if (key.length > 64) return 'A key has at most 64 characters.';
  if (!KEY_PATTERN.test(key)) return 'Use lower-case letters, digits and _, starting with a letter.';
  if (kind === 'step' && (RESERVED_VARIABLES.includes(key) || FUNCTIONS.includes(key))) {
    return `“${key}” is reserved for expressions; choose another key.`;
  }
  return null;
}

// The fields a new step of each type starts with. The server refuses a draft whose shape is wrong
// (a required field missing, a key that is not a key), so references start as placeholders of the
// right shape, which validation then names as unknown until they are chosen.
export const PLACEHOLDER_KEY = 'choose_one';
export const PLACEHOLDER_CODE = 'CHOOSE-ONE';
export function newStep(type: StepType, key: string, name: string): Step {
  const s: Step = { key, name, type };
  switch (type) {
    case 'instruction':
      s.text = 'Describe what the operator does.';
      break;
    case 'numeric_entry':
    case 'process_parameter':
      s.decimals = 1;
      if (type === 'process_parameter') {
        s.equipment_step = PLACEHOLDER_KEY;
        s.tag = 'tag.name';
        s.capture = 'value_now';
      }
      break;
    case 'calculation':
      s.expression = 'batch_size';
      s.decimals = 1;
      break;
    case 'choice_entry':
      s.options = ['Option 1', 'Option 2'];
      break;
    case 'dispense':
    case 'charge':
      s.formula_line = PLACEHOLDER_KEY;
      break;
    case 'equipment_use':
      s.equipment_class = PLACEHOLDER_CODE;
      break;
    case 'hold_time':
      s.from_step = PLACEHOLDER_KEY;
      s.max = 'PT24H';
      break;
    case 'sampling':
      s.sample_label = 'Sample';
      s.tests = ['Assay'];
      break;
    case 'sign_off':
      s.meaning = 'performed';
      break;
    default:
      break;
  }
  return s;
}

// An empty recipe (the shape "New recipe" creates).
export function emptyDocument(productCode: string, productName: string, site: string): RecipeDocument {
  return {
    format: 'gemba.recipe/1',
    product_code: productCode,
    product_name: productName,
    site,
    header: { batch_size: { value: 100, unit: 'kg' }, theoretical_yield: { value: 100, unit: 'kg' } },
    formula: [],
    unit_procedures: [],
  };
}
