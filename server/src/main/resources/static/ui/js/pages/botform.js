// Create (#/bots/new) or edit (#/bots/:id/edit) a bot: a typed form over the bot's fields. The server's validator
// answers 422 with one error per field; each is shown next to its input (showError matches `name`s). Exchange
// credentials are write-only: the form only says whether each is set, and sends one only when typed.

import { api } from '../api.js';
import { h, showError, busy } from '../dom.js';
import { hasRole } from '../session.js';

// [name, label, kind, options]; kinds: text, number, bool, list (comma or newline separated), select, secret, json
const FIELDS = [
  ['name', 'Name', 'text', { required: true }],
  ['description', 'Description', 'text'],
  ['strategy_name', 'Strategy', 'text', { required: true, list: 'strategy-names' }],
  ['exchange', 'Exchange', 'text', { required: true, placeholder: 'binance' }],
  ['stake_currency', 'Stake currency', 'text', { required: true, placeholder: 'USDT' }],
  ['stake_amount', 'Stake amount', 'text', { placeholder: '10 or unlimited', hint: 'a number or "unlimited"' }],
  ['max_open_trades', 'Max open trades', 'number', { min: -1 }],
  ['dry_run', 'Dry-run (paper trading)', 'bool'],
  ['dry_run_wallet', 'Dry-run wallet', 'number', { step: 'any', min: 0 }],
  ['timeframe', 'Timeframe', 'text', { placeholder: '5m' }],
  ['trading_mode', 'Trading mode', 'select', { options: ['', 'spot', 'futures', 'margin'] }],
  ['margin_mode', 'Margin mode', 'select', { options: ['', 'isolated', 'cross'] }],
  ['pair_whitelist', 'Pair whitelist', 'list', { placeholder: 'BTC/USDT, ETH/USDT' }],
  ['pair_blacklist', 'Pair blacklist', 'list'],
  ['tags', 'Tags', 'list', { placeholder: 'prod, momentum' }],
  ['restart_policy', 'Restart policy', 'select', { options: ['', 'always', 'on-failure', 'never'] }],
  ['freqai_model_id', 'FreqAI model id', 'number', { min: 0, hint: '0 detaches the model' }],
  ['exchange_key', 'Exchange API key', 'secret'],
  ['exchange_secret', 'Exchange API secret', 'secret'],
  ['exchange_password', 'Exchange password', 'secret'],
  ['config', 'Config overrides (JSON)', 'json', { hint: 'merged into the generated Freqtrade config; empty keeps the current overrides' }],
];

export default {
  title: 'Bot settings',
  async render(root, params) {
    const editing = params.id !== undefined;
    if (!hasRole('operator')) {
      root.append(h('h1', {}, editing ? 'Edit bot' : 'New bot'),
        h('p', { class: 'error' }, 'Only operators and admins may create or change bots.'));
      return undefined;
    }
    const bot = editing ? await api('GET', `/api/v1/bots/${params.id}`) : null;
    const strategies = await api('GET', '/api/v1/strategies/').catch(() => []);
    const inputs = new Map();
    const form = h('form', { class: 'card', 'data-testid': 'bot-form', noValidate: true });
    const grid = h('div', { class: 'form-grid' });
    for (const [name, label, kind, opts = {}] of FIELDS) {
      const idAttr = `field-${name}`;
      let input;
      if (kind === 'bool') {
        input = h('input', { type: 'checkbox', id: idAttr, name, checked: bot ? bot[name] : true, 'data-testid': idAttr });
        grid.append(h('div', { class: 'field check' }, input, h('label', { for: idAttr }, label)));
        inputs.set(name, [kind, input]);
        continue;
      }
      if (kind === 'select') {
        input = h('select', { id: idAttr, name, 'data-testid': idAttr },
          opts.options.map(o => h('option', { value: o, selected: bot && bot[name] === o }, o || '(default)')));
      } else if (kind === 'json' || kind === 'list') {
        input = h('textarea', { id: idAttr, name, rows: kind === 'json' ? 6 : 2, placeholder: opts.placeholder || '',
          'data-testid': idAttr });
      } else {
        input = h('input', { id: idAttr, name, type: kind === 'number' ? 'number' : kind === 'secret' ? 'password' : 'text',
          placeholder: kind === 'secret' && bot?.[`${name}_set`] ? 'set (type to replace, leave empty to keep)'
            : opts.placeholder || '',
          autocomplete: kind === 'secret' ? 'new-password' : 'off', required: !!opts.required, min: opts.min,
          step: opts.step, 'data-testid': idAttr });
        if (opts.list) input.setAttribute('list', opts.list);
      }
      if (bot && kind !== 'secret' && kind !== 'json') input.value = present(bot[name], kind);
      inputs.set(name, [kind, input]);
      grid.append(h('div', { class: `field${kind === 'json' ? ' wide' : ''}` }, h('label', { for: idAttr }, label), input,
        opts.hint ? h('small', { class: 'muted' }, opts.hint) : null));
    }
    const datalist = h('datalist', { id: 'strategy-names' },
      (Array.isArray(strategies) ? strategies : []).map(s => h('option', { value: s.name || s.class_name || '' })));
    const submit = h('button', { class: 'btn primary', type: 'submit', 'data-testid': 'save' }, editing ? 'Save' : 'Create bot');
    form.append(grid, datalist, h('div', { class: 'row' }, submit,
      h('a', { class: 'btn', href: editing ? `#/bots/${params.id}` : '#/bots' }, 'Cancel')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      showError(form, null);
      let body;
      try {
        body = collect(inputs, editing);
      } catch (err) {
        showError(form, err);
        return;
      }
      const saved = await busy(submit, async () => {
        try {
          return await api(editing ? 'PUT' : 'POST', editing ? `/api/v1/bots/${params.id}` : '/api/v1/bots', body);
        } catch (err) {
          showError(form, err); // field errors next to their inputs, the detail at the form's end
          return undefined;
        }
      });
      if (saved) location.hash = `#/bots/${saved.id}`;
    });
    root.append(h('p', {}, h('a', { href: editing ? `#/bots/${params.id}` : '#/bots' }, '← Back')),
      h('h1', {}, editing ? `Edit ${bot.name}` : 'New bot'), form);
    inputs.get('name')[1].focus();
    return undefined;
  },
};

function present(value, kind) {
  if (value === null || value === undefined) return '';
  if (kind === 'list') return value.join(', ');
  if (kind === 'json') return Object.keys(value).length ? JSON.stringify(value, null, 2) : '';
  return String(value);
}

/** The request body: empty inputs are left out (unchanged on edit, defaults on create). */
function collect(inputs, editing) {
  const body = {};
  for (const [name, [kind, input]] of inputs) {
    if (kind === 'bool') { body[name] = input.checked; continue; }
    const raw = input.value.trim();
    if (raw === '') continue;
    if (kind === 'number') body[name] = Number(raw);
    else if (kind === 'list') body[name] = raw.split(/[,\n]/).map(s => s.trim()).filter(Boolean);
    else if (kind === 'json') {
      try { body[name] = JSON.parse(raw); } catch (e) {
        const err = new Error('The config overrides are not valid JSON');
        err.detail = err.message;
        err.errors = [{ field: 'config', message: e.message }];
        throw err;
      }
    } else if (name === 'stake_amount') body[name] = raw === 'unlimited' ? raw : Number(raw);
    else body[name] = raw;
  }
  if (editing && body.config === undefined) delete body.config;
  return body;
}
