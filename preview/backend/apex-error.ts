/**
 * An Apex failure as the preview backend reports it: the HTTP status and the body the platform gives an
 * AuraHandledException, so components see the same `error.body.message` they would in Lightning.
 */
export class ApexError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(message: string, code = 'AURA_HANDLED', status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }

  toBody(): { message: string; exceptionType: string; isUserDefinedException: boolean; errorCode: string } {
    return {
      message: this.message,
      exceptionType: 'System.AuraHandledException',
      isUserDefinedException: false,
      errorCode: this.code
    };
  }
}
