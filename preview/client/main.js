/**
 * The preview's browser entry: synthetic shadow first (as in Lightning Experience, so SLDS reaches inside
 * components), then the "Card Exchange" app shell with one tab per admin screen.
 */
import '@lwc/synthetic-shadow';
import { startShell } from './shell/app-shell';

startShell(document.getElementById('preview-root'));
