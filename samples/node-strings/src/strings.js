'use strict';

/** Upper-cases the first letter of a word. */
function capitalize(word) {
  if (word.length === 0) return word;
  return word[0].toUpperCase() + word.slice(1);
}

/** Reverses a string. */
function reverse(text) {
  return text.split('').reverse().join('');
}

/** Counts the words in a sentence (runs of non-space characters). */
function wordCount(sentence) {
  return sentence.split(' ').length;
}

module.exports = { capitalize, reverse, wordCount };
