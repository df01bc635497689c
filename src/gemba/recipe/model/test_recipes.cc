#include "gemba/recipe/model/test_recipes.h"

#include <gtest/gtest.h>

#include "gemba/core/json.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/model/format_step.h"

namespace gemba::recipe::testing {

std::string minimal_recipe_json() {
  return R"({
  "format": "gemba.recipe/1",
  "product_code": "TEST-1",
  "product_name": "Test tablets",
  "site": "SITE-1",
  "header": {
    "batch_size": {
      "value": 10,
      "unit": "kg"
    },
    "theoretical_yield": {
      "value": 10,
      "unit": "kg"
    },
    "yield_limits": {
      "low": 90,
      "high": 105
    }
  },
  "formula": [
    {
      "key": "api",
      "material_code": "RM-1",
      "name": "Active ingredient",
      "quantity": {
        "value": 2,
        "unit": "kg"
      },
      "tolerance": {
        "minus": 1,
        "plus": 1,
        "unit": "%"
      },
      "scaling": "scalable"
    },
    {
      "key": "filler",
      "material_code": "RM-2",
      "name": "Filler",
      "quantity": {
        "value": 8,
        "unit": "kg"
      },
      "tolerance": {
        "minus": 0.1,
        "plus": 0.1,
        "unit": "kg"
      },
      "scaling": "scalable"
    }
  ],
  "unit_procedures": [
    {
      "key": "prep",
      "name": "Preparation",
      "equipment_classes": [
        "SCALE"
      ],
      "operations": [
        {
          "key": "weighing",
          "name": "Weighing",
          "steps": [
            {
              "key": "bind_scale",
              "name": "Scale",
              "type": "equipment_use",
              "equipment_class": "SCALE"
            },
            {
              "key": "dispense_api",
              "name": "Dispense the active ingredient",
              "type": "dispense",
              "formula_line": "api"
            },
            {
              "key": "dispense_filler",
              "name": "Dispense the filler",
              "type": "dispense",
              "formula_line": "filler"
            }
          ]
        }
      ]
    },
    {
      "key": "mix",
      "name": "Mixing",
      "equipment_classes": [
        "MIXER"
      ],
      "operations": [
        {
          "key": "mixing",
          "name": "Mixing",
          "steps": [
            {
              "key": "bind_mixer",
              "name": "Mixer",
              "type": "equipment_use",
              "equipment_class": "MIXER"
            },
            {
              "key": "charge_api",
              "name": "Charge the active ingredient",
              "type": "charge",
              "formula_line": "api"
            },
            {
              "key": "charge_filler",
              "name": "Charge the filler",
              "type": "charge",
              "formula_line": "filler"
            },
            {
              "key": "mix_speed",
              "name": "Mixer speed",
              "type": "process_parameter",
              "equipment_step": "bind_mixer",
              "tag": "drive.speed",
              "capture": "mean",
              "window": "PT5M",
              "unit": "rpm",
              "decimals": 0,
              "limits": {
                "low": 90,
                "high": 110
              }
            },
            {
              "key": "mix_time",
              "name": "Mixing time",
              "type": "numeric_entry",
              "text": "Mix for 10 minutes.",
              "unit": "min",
              "decimals": 1,
              "target": 10,
              "limits": {
                "low": 8,
                "high": 12
              },
              "alarm": {
                "low": 9,
                "high": 11
              }
            },
            {
              "key": "net_weight",
              "name": "Net weight",
              "type": "numeric_entry",
              "unit": "kg",
              "decimals": 2
            },
            {
              "key": "yield",
              "name": "Yield",
              "type": "calculation",
              "expression": "net_weight / theoretical_yield * 100",
              "unit": "%",
              "decimals": 1,
              "limits": {
                "low": 90,
                "high": 105
              }
            },
            {
              "key": "done",
              "name": "Mixing complete",
              "type": "sign_off",
              "meaning": "performed"
            }
          ]
        }
      ]
    }
  ]
}
)";
}

MasterRecipe minimal_recipe() {
  auto r = parse_recipe(minimal_recipe_json());
  if (!r.ok()) {
    ADD_FAILURE() << r.error().to_string();
    return {};
  }
  return std::move(*r);
}

Step step_from_json(std::string_view json) {
  auto v = parse_json_strict(json);
  if (!v.ok()) {
    ADD_FAILURE() << v.error().to_string();
    return {};
  }
  ParseState state;
  Step s = read_step(state, *v, "step", FormatLimits{});
  if (state.failed()) ADD_FAILURE() << state.error().to_string();
  return s;
}

Step& find_step(MasterRecipe& r, std::string_view key) {
  for (auto& up : r.unit_procedures) {
    for (auto& op : up.operations) {
      for (auto& s : op.steps) {
        if (s.key == key) return s;
      }
    }
  }
  ADD_FAILURE() << "no step " << key;
  static Step dummy;
  return dummy;
}

MasterRecipe generated_recipe(std::size_t steps) {
  MasterRecipe r = minimal_recipe();
  UnitProcedure up;
  up.key = "generated";
  up.name = "Generated unit procedure";
  for (std::size_t i = 0; i < steps; ++i) {
    if (i % 100 == 0) {
      up.operations.push_back(
          {"op_" + std::to_string(i / 100), "Operation " + std::to_string(i / 100), {}});
    }
    Step s;
    s.key = "s" + std::to_string(i);
    s.name = "Generated step " + std::to_string(i);
    switch (i % 5) {
      case 0:
      case 1: {
        NumericEntrySpec n;
        n.unit = i % 2 ? "kg" : "°C";
        n.decimals = 1;
        n.target = 50;
        n.limits = {40.0, 60.0};
        n.alarm = {45.0, 55.0};
        s.spec = n;
        s.text = "Read the value from the display and enter it with one decimal.";
        break;
      }
      case 2: {
        CalculationSpec c;
        c.expression = "(s" + std::to_string(i - 2) + " + s" + std::to_string(i - 1) + ") / 2";
        c.unit = "%";
        c.decimals = 1;
        c.limits = {0.0, 100.0};
        s.spec = c;
        break;
      }
      case 3:
        s.spec = InstructionSpec{};
        s.text = "Check the equipment visually and acknowledge.";
        s.condition = "s" + std::to_string(i - 1) + " > 45";
        break;
      default:
        s.spec = BooleanEntrySpec{true};
        s.witness = Witness::kAlways;
        break;
    }
    up.operations.back().steps.push_back(std::move(s));
  }
  r.unit_procedures.push_back(std::move(up));
  return r;
}

std::string describe(const std::vector<Problem>& problems) {
  std::string s;
  for (const auto& p : problems) s += "\n  " + p.to_string();
  return s.empty() ? " (no problems)" : s;
}

}  // namespace gemba::recipe::testing
