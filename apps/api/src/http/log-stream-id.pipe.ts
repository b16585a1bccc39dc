import { Injectable, PipeTransform } from '@nestjs/common';
import { isClientStreamId } from '@touchline/event-store';
import { isMalformedRecordKey } from '@touchline/read-models';
import { notFound } from './problem';

/**
 * A path naming a stream of the log (`match:<id>`, `tie:<id>`…) or a parked malformed record
 * (`?offset:<n>`): anything else names none, 404 without a lookup.
 */
@Injectable()
export class LogStreamIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isClientStreamId(value) && !isMalformedRecordKey(value))
      throw notFound('Stream', value.slice(0, 80).replace(/[^\x20-\x7e]/g, '?'));
    return value;
  }
}
