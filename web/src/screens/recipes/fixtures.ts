// Test documents shared by the recipe screens' unit tests.

// Two small documents: one unit procedure "granulation" with operation "mixing" and steps.
export const FROM_DOC = {
  format: 'gemba.recipe/1',
  formula: [
    { key: 'api', name: 'Active ingredient' },
    { key: 'binder', name: 'Povidone K30' },
  ],
  unit_procedures: [
    {
      key: 'granulation',
      name: 'Granulation',
      operations: [
        {
          key: 'mixing',
          name: 'Dry mixing',
          steps: [
            { key: 'mix_time', name: 'Mixing time' },
            { key: 'lod', name: 'Loss on drying' },
          ],
        },
      ],
    },
    { key: 'compression', name: 'Compression', operations: [{ key: 'ipc', name: 'In-process checks', steps: [{ key: 'tablet_weight', name: 'Tablet weight' }] }] },
  ],
};
export const TO_DOC = {
  ...FROM_DOC,
  formula: [{ key: 'api', name: 'Active ingredient' }],
  unit_procedures: [
    {
      ...FROM_DOC.unit_procedures[0],
      operations: [
        {
          key: 'mixing',
          name: 'Dry mixing',
          steps: [
            { key: 'mix_time', name: 'Mixing time' },
            { key: 'mix_check', name: 'Visual check of the blend' },
            { key: 'lod', name: 'Loss on drying' },
          ],
        },
      ],
    },
    FROM_DOC.unit_procedures[1],
  ],
};
