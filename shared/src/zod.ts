/**
 * Input validation: zod's mini build, whose checks are functions a bundle keeps only when used
 * (a tenth of the full build's code, and a quarter of its memory once loaded), with zod's English
 * messages, which the mini build leaves out unless asked.
 */
import { config } from 'zod/mini'
import en from 'zod/v4/locales/en.js'

config(en())

export * from 'zod/mini'
