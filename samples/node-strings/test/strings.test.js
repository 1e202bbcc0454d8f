'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { capitalize, reverse, wordCount } = require('../src/strings');

test('capitalize upper-cases the first letter', () => {
  assert.equal(capitalize('hello'), 'Hello');
});

test('reverse reverses the characters', () => {
  assert.equal(reverse('abc'), 'cba');
});

test('wordCount ignores repeated spaces', () => {
  assert.equal(wordCount('one  two   three'), 3);
});
