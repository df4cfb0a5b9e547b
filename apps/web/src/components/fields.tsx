// Form fields on react-aria-components: label, hint, the error beside the field (read out
// with it through aria-describedby), and the design system's look.
import type { ReactNode } from 'react';
import {
  Checkbox,
  CheckboxGroup,
  FieldError,
  Input,
  Label,
  Radio,
  RadioGroup,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';

interface TextProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'tel' | 'password';
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'numeric' | 'tel';
  multiline?: boolean;
  width?: string;
  spellCheck?: boolean;
}

export function TextInput(props: TextProps) {
  const { id, label, hint, error, value, onChange, type = 'text', autoComplete, inputMode, multiline } = props;
  return (
    <TextField
      id={id}
      className="field"
      value={value}
      onChange={onChange}
      type={type}
      autoComplete={autoComplete}
      inputMode={inputMode}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
    >
      <Label className="label">{label}</Label>
      {hint && (
        <Text slot="description" className="hint">
          {hint}
        </Text>
      )}
      <FieldError className="error-text">{error}</FieldError>
      {multiline ? (
        <TextArea className="input" rows={5} />
      ) : (
        <Input
          className="input"
          style={props.width ? { maxWidth: props.width } : undefined}
          spellCheck={props.spellCheck}
        />
      )}
    </TextField>
  );
}

function Tick() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z" fill="currentColor" />
    </svg>
  );
}

export function CheckChoice({
  value,
  children,
  isDisabled,
}: {
  value: string;
  children: ReactNode;
  isDisabled?: boolean;
}) {
  return (
    <Checkbox value={value} className="choice" isDisabled={isDisabled}>
      {({ isSelected }) => (
        <>
          <span className="choice-box">{isSelected && <Tick />}</span>
          <span>{children}</span>
        </>
      )}
    </Checkbox>
  );
}

/** A single yes/no tick box. */
export function SingleCheck({
  id,
  isSelected,
  onChange,
  error,
  children,
}: {
  id: string;
  isSelected: boolean;
  onChange: (selected: boolean) => void;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      {error && (
        <p className="error-text" id={`${id}-error`}>
          {error}
        </p>
      )}
      <Checkbox
        id={id}
        className="choice"
        isSelected={isSelected}
        onChange={onChange}
        isInvalid={Boolean(error)}
        validationBehavior="aria"
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {({ isSelected: selected }) => (
          <>
            <span className="choice-box">{selected && <Tick />}</span>
            <span>{children}</span>
          </>
        )}
      </Checkbox>
    </div>
  );
}

export function CheckGroup({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string[];
  onChange: (value: string[]) => void;
  children: ReactNode;
}) {
  return (
    <CheckboxGroup
      id={id}
      className={error ? 'field group-invalid' : 'field'}
      value={value}
      onChange={onChange}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
    >
      <Label className="label">{label}</Label>
      {hint && (
        <Text slot="description" className="hint">
          {hint}
        </Text>
      )}
      <FieldError className="error-text">{error}</FieldError>
      {children}
    </CheckboxGroup>
  );
}

export function RadioChoices({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: ReactNode; isDisabled?: boolean }>;
}) {
  return (
    <RadioGroup
      id={id}
      className={error ? 'field group-invalid' : 'field'}
      value={value || null}
      onChange={onChange}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
    >
      <Label className="label">{label}</Label>
      {hint && (
        <Text slot="description" className="hint">
          {hint}
        </Text>
      )}
      <FieldError className="error-text">{error}</FieldError>
      {options.map((option) => (
        <Radio key={option.value} value={option.value} className="choice choice-radio" isDisabled={option.isDisabled}>
          <span className="choice-box" />
          <span>{option.label}</span>
        </Radio>
      ))}
    </RadioGroup>
  );
}
