'use strict';
// util.parseArgs, written after Node 20's documentation and observed behaviour: tokens, short
// option groups (-abc), inline values (-fVALUE, --foo=bar), '--' terminator, strict-mode errors.
const {
  codeError, invalidArgType, validateObject, validateBoolean,
} = require('hostrt:errors');

const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const optionConf = (options, name, key) => (hasOwn(options, name) ? options[name][key] : undefined);

function findLongForShort(short, options) {
  for (const name of Object.keys(options)) if (options[name].short === short) return name;
  return short;
}

function validateOptions(options) {
  validateObject(options, 'options');
  for (const [name, conf] of Object.entries(options)) {
    validateObject(conf, `options.${name}`);
    const type = conf.type;
    if (type !== 'string' && type !== 'boolean') {
      throw invalidArgType(`options.${name}.type`, "('string|boolean')", type);
    }
    if (hasOwn(conf, 'short')) {
      if (typeof conf.short !== 'string') throw invalidArgType(`options.${name}.short`, 'of type string', conf.short);
      if (conf.short.length !== 1) {
        throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
          `The property 'options.${name}.short' must be a single character. Received '${conf.short}'`);
      }
    }
    if (hasOwn(conf, 'multiple')) validateBoolean(conf.multiple, `options.${name}.multiple`);
    if (conf.default !== undefined) {
      const d = conf.default;
      const ok = conf.multiple
        ? Array.isArray(d) && d.every((x) => typeof x === type)
        : typeof d === type;
      if (!ok) {
        const expected = conf.multiple ? `an instance of Array` : `of type ${type}`;
        throw invalidArgType(`options.${name}.default`, expected, d);
      }
    }
  }
}
function describe(v) {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

function tokenize(args, options) {
  const tokens = [];
  const remaining = args.slice();
  let index = -1;
  let groupCount = 0;
  while (remaining.length > 0) {
    const arg = remaining.shift();
    const next = remaining[0];
    if (groupCount > 0) groupCount--; else index++;

    if (arg === '--') {
      tokens.push({ kind: 'option-terminator', index });
      for (const value of remaining) tokens.push({ kind: 'positional', index: ++index, value });
      break;
    }
    if (arg.length === 2 && arg[0] === '-' && arg[1] !== '-') {           // -f
      const short = arg[1];
      const name = findLongForShort(short, options);
      let value;
      let inlineValue;
      if (optionConf(options, name, 'type') === 'string' && next !== undefined && groupCount === 0) {
        value = remaining.shift();
        inlineValue = false;
      }
      tokens.push({ kind: 'option', name, rawName: arg, index, value, inlineValue });
      if (value !== undefined) ++index;
      continue;
    }
    if (arg.length > 2 && arg[0] === '-' && arg[1] !== '-') {
      const firstName = findLongForShort(arg[1], options);
      if (optionConf(options, firstName, 'type') !== 'string') {           // -abc group
        const expanded = [];
        for (let i = 1; i < arg.length; i++) {
          const short = arg[i];
          const name = findLongForShort(short, options);
          if (optionConf(options, name, 'type') !== 'string' || i === arg.length - 1) {
            expanded.push(`-${short}`);
          } else {
            expanded.push(`-${arg.slice(i)}`);
            break;
          }
        }
        remaining.unshift(...expanded);
        groupCount = expanded.length;
        continue;
      }
      tokens.push({ kind: 'option', name: firstName, rawName: `-${arg[1]}`, index,            // -fVALUE
        value: arg.slice(2), inlineValue: true });
      continue;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      if (eq === -1) {                                                     // --foo [value]
        const name = arg.slice(2);
        let value;
        let inlineValue;
        if (optionConf(options, name, 'type') === 'string' && next !== undefined) {
          value = remaining.shift();
          inlineValue = false;
        }
        tokens.push({ kind: 'option', name, rawName: arg, index, value, inlineValue });
        if (value !== undefined) ++index;
      } else {                                                             // --foo=bar
        const name = arg.slice(2, eq);
        tokens.push({ kind: 'option', name, rawName: `--${name}`, index,
          value: arg.slice(eq + 1), inlineValue: true });
      }
      continue;
    }
    tokens.push({ kind: 'positional', index, value: arg });
  }
  return tokens;
}

function checkOption(token, options, allowPositionals) {
  const { name, rawName, value, inlineValue } = token;
  if (!hasOwn(options, name)) {
    const hint = allowPositionals
      ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(rawName)}`
      : '';
    throw codeError(TypeError, 'ERR_PARSE_ARGS_UNKNOWN_OPTION', `Unknown option '${rawName}'${hint}`);
  }
  const conf = options[name];
  const shortAndLong = conf.short ? `-${conf.short}, --${name}` : `--${name}`;
  if (conf.type === 'string' && typeof value !== 'string') {
    throw codeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
      `Option '${shortAndLong} <value>' argument missing`);
  }
  if (conf.type === 'string' && !inlineValue && value.startsWith('-')) {
    const example = rawName.startsWith('--') ? `'--${name}=-XYZ'` : `'--${name}=-XYZ' or '${rawName}-XYZ'`;
    throw codeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
      `Option '${rawName}' argument is ambiguous.\n` +
      `Did you forget to specify the option argument for '${rawName}'?\n` +
      `To specify an option argument starting with a dash use ${example}.`);
  }
  if (conf.type === 'boolean' && value !== undefined) {
    throw codeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${shortAndLong}' does not take an argument`);
  }
}

function storeOption(values, name, value, options) {
  if (name === '__proto__') return;
  const newValue = value ?? true;
  if (optionConf(options, name, 'multiple')) {
    if (values[name] === undefined) values[name] = [newValue];
    else values[name].push(newValue);
  } else {
    values[name] = newValue;
  }
}

function parseArgs(config = {}) {
  validateObject(config, 'config');
  const args = config.args ?? defaultArgs();
  const strict = config.strict ?? true;
  const allowPositionals = config.allowPositionals ?? !strict;
  const returnTokens = config.tokens ?? false;
  const options = config.options ?? {};
  if (!Array.isArray(args)) throw invalidArgType('args', 'an instance of Array', args);
  validateBoolean(strict, 'strict');
  validateBoolean(allowPositionals, 'allowPositionals');
  validateBoolean(returnTokens, 'tokens');
  validateOptions(options);

  const result = { values: { __proto__: null }, positionals: [] };
  const tokens = tokenize(args, options);
  for (const token of tokens) {
    if (token.kind === 'option') {
      if (strict) checkOption(token, options, allowPositionals);
      storeOption(result.values, token.name, token.value, options);
    } else if (token.kind === 'positional') {
      if (!allowPositionals) {
        throw codeError(TypeError, 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
          `Unexpected argument '${token.value}'. This command does not take positional arguments`);
      }
      result.positionals.push(token.value);
    }
  }
  for (const [name, conf] of Object.entries(options)) {
    if (conf.default !== undefined && result.values[name] === undefined) result.values[name] = conf.default;
  }
  if (returnTokens) result.tokens = tokens;
  return result;
}
function defaultArgs() {
  const argv = process.argv;
  return argv.slice(process.execArgv?.some((a) => a === '-e' || a === '--eval' || a === '-p') ? 1 : 2);
}

module.exports = { parseArgs };
