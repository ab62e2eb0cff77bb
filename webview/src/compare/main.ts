import { mount } from 'svelte';
import CompareApp from './CompareApp.svelte';

const target = document.getElementById('app');
if (target) {
  target.textContent = '';
  mount(CompareApp, { target });
}
