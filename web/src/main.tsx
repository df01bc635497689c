import { render } from 'preact';
import { App, preloadScreen } from './app';
import './styles.css';

preloadScreen(window.location.pathname);
render(<App />, document.getElementById('app')!);
