// The entry form for a Ready run, by step type: every step type of a recipe has one.
import { Notice } from '../../../components/ui';
import type { StepRun } from '../types';
import { ChargeEntry } from './ChargeEntry';
import { ChoiceEntry } from './ChoiceEntry';
import { DispenseEntry } from './DispenseEntry';
import { EquipmentEntry } from './EquipmentEntry';
import { HoldTimeEntry } from './HoldTimeEntry';
import { NumberEntry, SystemValueEntry } from './NumberEntry';
import { DateEntry, InstructionEntry, SamplingEntry, SignOffEntry, TextEntry } from './SimpleEntries';

export function EntryForm({ run }: { run: StepRun }) {
  switch (run.type) {
    case 'numeric_entry':
      return <NumberEntry run={run} />;
    case 'process_parameter':
    case 'calculation':
      return <SystemValueEntry run={run} />;
    case 'boolean_entry':
    case 'choice_entry':
      return <ChoiceEntry run={run} />;
    case 'text_entry':
      return <TextEntry run={run} />;
    case 'datetime_entry':
      return <DateEntry run={run} />;
    case 'instruction':
      return <InstructionEntry run={run} />;
    case 'sampling':
      return <SamplingEntry run={run} />;
    case 'sign_off':
      return <SignOffEntry run={run} />;
    case 'hold_time':
      return <HoldTimeEntry run={run} />;
    case 'equipment_use':
      return <EquipmentEntry run={run} />;
    case 'dispense':
      return <DispenseEntry run={run} />;
    case 'charge':
      return <ChargeEntry run={run} />;
    default:
      return <Notice kind="warning">This screen cannot record a step of type “{run.type}”. Ask the process engineer.</Notice>;
  }
}
