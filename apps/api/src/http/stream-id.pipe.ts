import { Injectable, PipeTransform } from '@nestjs/common';
import { STREAM_ID_PATTERN } from '@touchline/domain';
import { notFound } from './problem';

/** A path id that cannot name a stream cannot exist either: 404 rather than a lookup. */
@Injectable()
export class StreamIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!STREAM_ID_PATTERN.test(value)) throw notFound('Stream', value.slice(0, 80));
    return value;
  }
}
