/**
 * A small set of exclusive choices as radio buttons under a legend: where a suite's paths come from,
 * a POST body's format. One name per group, so the browser's arrow keys move within it.
 */

export interface Choice<T extends string> {
  value: T;
  label: string;
}

interface RadioGroupProps<T extends string> {
  legend: string;
  name: string;
  choices: readonly Choice<T>[];
  value: T;
  onChange: (value: T) => void;
  className: string;
}

export function RadioGroup<T extends string>({
  legend,
  name,
  choices,
  value,
  onChange,
  className,
}: RadioGroupProps<T>) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value} className="radio">
          <input
            type="radio"
            name={name}
            value={choice.value}
            checked={value === choice.value}
            onChange={() => onChange(choice.value)}
          />{" "}
          {choice.label}
        </label>
      ))}
    </fieldset>
  );
}
