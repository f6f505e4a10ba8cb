'use strict';
// node:string_decoder, written here. Node 20's decoder keeps a partial character between writes
// and decodes every complete run with Buffer#toString (WHATWG UTF-8 replacement rules), so a
// split input decodes as the whole would. Its state is one 7-byte buffer kept under a symbol
// (util.inspect shows it, as Node's does): the partial character (4 bytes), the bytes still
// missing, the bytes held, and the encoding's number.
const { Buffer } = require('buffer');
const { codeError, invalidArgType } = require('hostrt:errors');

const kState = Symbol('kNativeDecoder');
const MISSING = 4;
const HELD = 5;
const ENC = 6;
// The numbers Node's decoder state shows for each encoding.
const IDS = { ascii: 0, utf8: 1, base64: 2, utf16le: 3, latin1: 4, hex: 5, base64url: 7 };
const NAMES = Object.fromEntries(Object.entries(IDS).map(([k, v]) => [v, k]));
const ALIASES = {
  'utf8': 'utf8', 'utf-8': 'utf8', 'ucs2': 'utf16le', 'ucs-2': 'utf16le', 'utf16le': 'utf16le',
  'utf-16le': 'utf16le', 'latin1': 'latin1', 'binary': 'latin1', 'base64': 'base64',
  'base64url': 'base64url', 'hex': 'hex', 'ascii': 'ascii',
};
const MAX_STRING = 0x1fffffe8;

function normalize(encoding) {
  if (encoding === undefined || encoding === null || encoding === '') return 'utf8';
  const name = typeof encoding === 'string' ? ALIASES[encoding.toLowerCase()] : undefined;
  if (name === undefined) throw codeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`);
  return name;
}

function asBuffer(buf) {
  if (Buffer.isBuffer(buf)) return buf;
  if (ArrayBuffer.isView(buf)) return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  throw invalidArgType('buf', 'an instance of Buffer, TypedArray, or DataView', buf);
}

function decode(buf, start, end, encoding) {
  try {
    return buf.toString(encoding, start, end);
  } catch (err) {
    if (err instanceof RangeError && /string length/i.test(err.message)) {
      throw codeError(Error, 'ERR_STRING_TOO_LONG',
        `Cannot create a string longer than 0x${MAX_STRING.toString(16)} characters`);
    }
    throw err;
  }
}

// How many bytes a UTF-8 sequence starting with `byte` has (1 for anything that is no lead).
function utf8Length(byte) {
  if ((byte & 0xE0) === 0xC0) return 2;
  if ((byte & 0xF0) === 0xE0) return 3;
  if ((byte & 0xF8) === 0xF0) return 4;
  return 1;
}

function StringDecoder(encoding) {
  const name = normalize(encoding);
  this.encoding = name;
  const state = Buffer.alloc(7);
  state[ENC] = IDS[name];
  this[kState] = state;
}

function stateOf(decoder) {
  const state = decoder == null ? undefined : decoder[kState];
  if (!(state instanceof Uint8Array)) {
    throw codeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type StringDecoder');
  }
  return state;
}

// Completes the held character from the start of `buf`; returns [text, bytes used].
function finishHeld(state, buf, encoding) {
  let used = 0;
  let text = '';
  while (state[MISSING] > 0 && used < buf.length) {
    const byte = buf[used];
    if (encoding === 'utf8' && (byte & 0xC0) !== 0x80) {
      // Not a continuation: the held bytes are an incomplete character on their own.
      text += decode(state, 0, state[HELD], 'utf8');
      state[MISSING] = 0;
      state[HELD] = 0;
      return [text, used];
    }
    state[state[HELD]++] = byte;
    state[MISSING]--;
    used++;
    if (state[MISSING] === 0 && encoding === 'utf16le' && state[HELD] === 2) {
      const unit = state[0] | (state[1] << 8);
      if (unit >= 0xD800 && unit <= 0xDBFF) state[MISSING] = 2;   // wait for the low half
    }
  }
  if (state[MISSING] === 0 && state[HELD] > 0) {
    text += decode(state, 0, state[HELD], encoding);
    state[HELD] = 0;
  }
  return [text, used];
}

// Decides how many bytes at the end of buf[start..] start a character that is not complete yet;
// holds them and returns where the complete part ends.
function holdTail(state, buf, start, encoding) {
  const len = buf.length;
  let end = len;
  if (encoding === 'utf8') {
    for (let i = len - 1; i >= start && i >= len - 4; i--) {
      if ((buf[i] & 0xC0) === 0x80) continue;
      const need = utf8Length(buf[i]);
      if (need > len - i) end = i;
      state[MISSING] = need > len - i ? need - (len - i) : 0;
      break;
    }
  } else if (encoding === 'utf16le') {
    const odd = (len - start) % 2;
    end = len - odd;
    let total = odd ? 2 : 0;
    // As Node: a high surrogate waits for its pair only when the write ends on a whole unit.
    if (!odd && end - start >= 2) {
      const unit = buf[end - 2] | (buf[end - 1] << 8);
      if (unit >= 0xD800 && unit <= 0xDBFF) {
        end -= 2;
        total = 4;
      }
    }
    state[MISSING] = total ? total - (len - end) : 0;
  } else if (encoding === 'base64' || encoding === 'base64url') {
    const rest = (len - start) % 3;
    end = len - rest;
    state[MISSING] = rest ? 3 - rest : 0;
  }
  for (let i = end; i < len; i++) state[i - end] = buf[i];
  state[HELD] = len - end;
  return end;
}

StringDecoder.prototype.write = function write(buf) {
  const state = stateOf(this);
  if (typeof buf === 'string') return buf;
  buf = asBuffer(buf);
  const encoding = NAMES[state[ENC]];
  if (encoding !== 'utf8' && encoding !== 'utf16le' && encoding !== 'base64' && encoding !== 'base64url') {
    return decode(buf, 0, buf.length, encoding);
  }
  let text = '';
  let start = 0;
  if (state[MISSING] > 0) {
    [text, start] = finishHeld(state, buf, encoding);
    if (state[MISSING] > 0) return text;
  }
  const end = holdTail(state, buf, start, encoding);
  return text + decode(buf, start, end, encoding);
};

StringDecoder.prototype.end = function end(buf) {
  const state = stateOf(this);
  let text = buf === undefined ? '' : this.write(buf);
  const held = state[HELD];
  if (held > 0) {
    const encoding = NAMES[state[ENC]];
    // UTF-8: the held bytes decode as toString would (one U+FFFD for a cut character, one per
    // byte for an invalid lead such as F7).
    if (encoding === 'utf16le') text += decode(state, 0, held - (held % 2), encoding);
    else text += decode(state, 0, held, encoding);
  }
  state[MISSING] = 0;
  state[HELD] = 0;
  return text;
};

StringDecoder.prototype.text = function text(buf, offset) {
  const state = stateOf(this);
  state[MISSING] = 0;
  state[HELD] = 0;
  return this.write(asBuffer(buf).subarray(offset));
};

Object.defineProperties(StringDecoder.prototype, {
  lastChar: {
    configurable: true, enumerable: true,
    get() { return stateOf(this).subarray(0, 4); },
  },
  lastNeed: {
    configurable: true, enumerable: true,
    get() { return stateOf(this)[MISSING]; },
  },
  lastTotal: {
    configurable: true, enumerable: true,
    get() { const s = stateOf(this); return s[HELD] + s[MISSING]; },
  },
});

module.exports = { StringDecoder };
