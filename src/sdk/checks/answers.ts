/**
 * What a question expects while the object it asks about is not there yet: a wrong answer to any
 * question about a real value, so an early answer is graded "not right", never a checker failure.
 */
export const NONE = 'none';
