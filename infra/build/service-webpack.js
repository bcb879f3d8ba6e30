// One webpack setup for every service: a Node bundle of the app and the workspace libraries it
// uses, with npm packages left external (listed in the generated package.json for production
// installs). The generated Prisma client is bundled too, but loads its WASM query compiler from
// ./generated/prisma relative to the working directory, so that folder is copied beside main.js and
// every service runs with its build folder as the working directory (npm start, npm test, nx serve).
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

function makeServiceWebpackConfig(appDir, name, { prisma = false } = {}) {
  const root = join(appDir, '../..');
  return {
    output: { path: join(root, 'dist/apps', name), clean: true },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: join(appDir, 'src/main.ts'),
        tsConfig: join(appDir, 'tsconfig.app.json'),
        outputHashing: 'none',
        optimization: false,
        generatePackageJson: true,
        sourceMap: true,
        assets: prisma
          ? [
              { input: `apps/${name}/src/generated/prisma`, glob: '**/*', output: 'generated/prisma' },
              { input: `apps/${name}/prisma`, glob: '**/*', output: 'prisma' },
            ]
          : [],
      }),
    ],
  };
}

module.exports = { makeServiceWebpackConfig };
