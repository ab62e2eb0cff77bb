import { mount } from 'svelte';
import PlaygroundApp from './PlaygroundApp.svelte';

const target = document.getElementById('app');
if (target) {
  target.textContent = '';
  mount(PlaygroundApp, { target });
}
