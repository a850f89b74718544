/**
 * Size app (b+): app (b) with ruleset validation opted in on the browser
 * (`validate: parseRuleset`, zod/mini and the semantic checks).
 */
import { createClient, parseRuleset } from '../../src/browser.js';
import { ruleset } from './ruleset.js';
import { COLLECTOR, PAGE_USER, usePage } from './page.js';

usePage(createClient({ ruleset, validate: parseRuleset, user: PAGE_USER, collector: COLLECTOR }));
