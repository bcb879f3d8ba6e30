// One webpack setup for every service: a Node bundle of the app and the workspace libraries it
// uses, with npm packages left external (listed in the generated package.json for production
// installs) and the service's generated Prisma client copied beside main.js.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

function makeServiceWebpackConfig(appDir, name, { prisma = false } = {}) {
  const root = join(appDir, '../..');
  return {
    output: { path: join(root, 'dist/apps', name), clean: true },
    devtool: 'source-map',
    // The Prisma client finds its WASM query compiler relative to its own folder, so it must stay a real folder.
    externals: prisma
      ? [
          ({ request }, callback) =>
            /\/generated\/prisma$/.test(request ?? '')
              ? callback(null, 'commonjs ./generated/prisma')
              : callback(),
        ]
      : [],
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
