/** What a command answers: 201 for something new, 200 for an exact retry of something already done. */
export interface CommandResult {
  status: 200 | 201;
  body: unknown;
}
