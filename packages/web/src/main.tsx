import { createRoot } from 'react-dom/client';
import { parseKey } from '@licentia/core/keys';

createRoot(document.getElementById('root')!).render(<p>{JSON.stringify(parseKey('abc'))}</p>);
