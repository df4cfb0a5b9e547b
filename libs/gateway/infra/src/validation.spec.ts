import { fieldMessages } from './validation';

describe('field messages in the caller language', () => {
  const violations = [
    { path: 'name', constraint: 'maxLength', message: 'name must be shorter than or equal to 100 characters' },
    { path: 'email', constraint: 'matches', message: 'email must be a single line' },
    { path: 'jobSeekerNumber', constraint: 'matches', message: 'jobSeekerNumber must look like 16070-12345678' },
    { path: 'desiredSlots', constraint: 'arrayMaxSize', message: 'desiredSlots must contain no more than 3 elements' },
    { path: 'favouriteColour', constraint: 'whitelistValidation', message: 'property favouriteColour should not exist' },
    { path: 'x', constraint: 'somethingNew', message: 'x is odd' },
  ];

  it('speaks Japanese by default, keeping the numbers and examples of the rule', () => {
    expect(fieldMessages(violations, 'ja')).toEqual({
      name: ['100文字以内で入力してください。'],
      email: ['改行や制御文字は使えません。'],
      jobSeekerNumber: ['形式が正しくありません（例: 16070-12345678）。'],
      desiredSlots: ['3件以内で指定してください。'],
      favouriteColour: ['この項目は使えません。'],
      x: ['入力値が正しくありません。'],
    });
  });

  it('keeps class-validator English with Accept-Language: en', () => {
    expect(fieldMessages(violations, 'en').name).toEqual(['name must be shorter than or equal to 100 characters']);
  });
});
